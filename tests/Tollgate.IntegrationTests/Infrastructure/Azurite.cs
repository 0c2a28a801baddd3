using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using Tollgate.Budgets;
using Tollgate.Storage;

namespace Tollgate.IntegrationTests.Infrastructure;

/// <summary>The real Azurite that scripts/test.sh starts; tests fail clearly when it is not running.</summary>
public static class Azurite
{
    public const string ConnectionString = "UseDevelopmentStorage=true";

    public static void EnsureRunning()
    {
        using var client = new TcpClient();
        try
        {
            client.Connect("127.0.0.1", 10002);
        }
        catch (SocketException ex)
        {
            throw new InvalidOperationException(
                "Azurite is not running on 127.0.0.1:10002. Run the tests with scripts/test.sh, which installs and starts it.", ex);
        }
    }

    /// <summary>A table prefix no other test run uses, so runs never see each other's rows.</summary>
    public static string UniqueTablePrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    public static TableClient Table(string name) => new TableServiceClient(ConnectionString).GetTableClient(name);

    /// <summary>A budget ledger on Azurite with tables of its own (<paramref name="tablePrefix"/>) and a fixed monthly limit.</summary>
    public static BudgetLedger Ledger(string tablePrefix, decimal monthlyLimit, TimeProvider time)
    {
        var tables = new TollgateTables(Options.Create(new StorageOptions { ConnectionString = ConnectionString, TablePrefix = tablePrefix }),
            new Azure.Identity.DefaultAzureCredential());
        var budgets = new BudgetOptions { DefaultMonthlyLimit = monthlyLimit };
        return new BudgetLedger(tables, new StaticOptionsMonitor<BudgetOptions>(budgets), time);
    }

    /// <summary>A queue client that speaks the Functions host's default encoding (base64).</summary>
    public static QueueClient Queue(string name) =>
        new(ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public static async Task<int> CountRowsAsync(string table)
    {
        TableClient client = Table(table);
        await client.CreateIfNotExistsAsync();
        int count = 0;
        await foreach (TableEntity _ in client.QueryAsync<TableEntity>(select: ["PartitionKey"]))
        {
            count++;
        }

        return count;
    }
}
